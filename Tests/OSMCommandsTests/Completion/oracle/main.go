// cobra-complete: the completion oracle of osm's tests. It rebuilds osm's command tree with the real
// spf13/cobra (Debian's golang-github-spf13-cobra-dev, cobra 1.6.1, the version upstream osm v1.2.4
// uses) from the JSON that `osm __docs --completion-tree` prints, then runs the command line it is
// given, so that `cobra-complete TREE __complete WORDS...` answers as cobra would for that tree.
// Commands and flags that offer values in osm get cobra completion functions that offer nothing and
// no files (what osm's cluster completions answer when no cluster is reachable).
package main

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type flagSpec struct {
	Name        string `json:"name"`
	Shorthand   string `json:"shorthand"`
	Type        string `json:"type"`
	Default     string `json:"default"`
	Usage       string `json:"usage"`
	Hidden      bool   `json:"hidden"`
	Required    bool   `json:"required"`
	NoOptDefVal string `json:"noOptDefVal"`
}

type commandSpec struct {
	Use                 string        `json:"use"`
	Short               string        `json:"short"`
	Aliases             []string      `json:"aliases"`
	Hidden              bool          `json:"hidden"`
	Runnable            bool          `json:"runnable"`
	Flags               []flagSpec    `json:"flags"`
	PersistentFlags     []flagSpec    `json:"persistentFlags"`
	Commands            []commandSpec `json:"commands"`
	CompletesArguments  bool          `json:"completesArguments"`
	FirstArgumentValues [][2]string   `json:"firstArgumentValues"`
	CompletesFlags      []string      `json:"completesFlags"`
}

func nothing(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

func addFlags(set *pflag.FlagSet, specs []flagSpec) {
	for _, f := range specs {
		switch f.Type {
		case "bool":
			set.BoolP(f.Name, f.Shorthand, f.Default == "true", f.Usage)
		case "string":
			set.StringP(f.Name, f.Shorthand, f.Default, f.Usage)
		case "stringArray":
			set.StringArrayP(f.Name, f.Shorthand, nil, f.Usage)
		case "stringSlice":
			set.StringSliceP(f.Name, f.Shorthand, nil, f.Usage)
		case "uint16":
			n, _ := strconv.ParseUint(f.Default, 10, 16)
			set.Uint16P(f.Name, f.Shorthand, uint16(n), f.Usage)
		case "duration":
			d, _ := time.ParseDuration(f.Default)
			set.DurationP(f.Name, f.Shorthand, d, f.Usage)
		default:
			panic("unknown flag type " + f.Type)
		}
		if f.NoOptDefVal != "" {
			set.Lookup(f.Name).NoOptDefVal = f.NoOptDefVal
		}
		if f.Hidden {
			_ = set.MarkHidden(f.Name)
		}
		if f.Required {
			_ = cobra.MarkFlagRequired(set, f.Name)
		}
	}
}

func build(spec commandSpec, isRoot bool) *cobra.Command {
	cmd := &cobra.Command{Use: spec.Use, Short: spec.Short, Aliases: spec.Aliases, Hidden: spec.Hidden}
	if spec.Runnable {
		cmd.Run = func(*cobra.Command, []string) {}
	}
	addFlags(cmd.Flags(), spec.Flags)
	addFlags(cmd.PersistentFlags(), spec.PersistentFlags)
	for _, child := range spec.Commands {
		// cobra adds its own help and completion commands to the root.
		if isRoot && (child.Use == "help [command]" || child.Use == "completion") {
			continue
		}
		cmd.AddCommand(build(child, false))
	}
	if spec.CompletesArguments || len(spec.FirstArgumentValues) > 0 {
		// osm's completer for the first argument offers fixed values, cobra-style: filtered by the
		// word's prefix, with descriptions; its cluster values are nothing here.
		values := spec.FirstArgumentValues
		cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var out []string
			if len(args) == 0 {
				for _, v := range values {
					if strings.HasPrefix(v[0], toComplete) {
						out = append(out, v[0]+"\t"+v[1])
					}
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
	}
	return cmd
}

func register(cmd *cobra.Command, spec commandSpec, isRoot bool) {
	for _, name := range spec.CompletesFlags {
		if err := cmd.RegisterFlagCompletionFunc(name, nothing); err != nil {
			panic(err)
		}
	}
	for _, child := range spec.Commands {
		if isRoot && (child.Use == "help [command]" || child.Use == "completion") {
			continue
		}
		for _, c := range cmd.Commands() {
			if c.Use == child.Use {
				register(c, child, false)
			}
		}
	}
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var spec commandSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		panic(err)
	}
	root := build(spec, true)
	register(root, spec, true)
	root.SilenceUsage = true
	root.SetArgs(os.Args[2:])
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
