import OSMCommands

#if canImport(Glibc)
import Glibc
#endif

exit(await OSM.execute(Array(CommandLine.arguments.dropFirst()), .live()))
