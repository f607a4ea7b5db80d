import CLI
import Testing

/// Go text/tabwriter with osm's settings (spec §1.6).
@Suite struct TabWriterTests {
    @Test func specExample() {
        #expect(TabWriter.format("NAMESPACE\tMESH\tSIDECAR-INJECTION\nns\tmy-mesh\t-\n")
                == "NAMESPACE   MESH      SIDECAR-INJECTION\nns          my-mesh   -\n")
    }

    @Test func minimumWidthIsSix() {
        #expect(TabWriter.format("a\tb\n") == "a     b\n")
    }

    @Test func aLineWithoutTabsEndsTheColumnBlock() {
        // Column widths are computed per block of consecutive lines that have the column.
        #expect(TabWriter.format("long-name\tx\nsummary\nab\ty\n") == "long-name   x\nsummary\nab    y\n")
    }

    @Test func widthsCountCharactersNotBytes() {
        #expect(TabWriter.format("é\tx\nab\ty\n") == "é     x\nab    y\n")
    }
}
