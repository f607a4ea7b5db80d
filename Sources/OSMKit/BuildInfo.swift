/// What this binary was built from. Local builds say `dev`; scripts/build-release.sh writes the
/// release tag, commit and date here for the duration of a release build.
public enum BuildInfo {
    public static let version = "dev"
    public static let gitCommit = ""
    public static let buildDate = ""
}
