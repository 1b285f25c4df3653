#include "ccs/sema/prelude.h"

namespace ccs::sema {

// The members a monadic builder over M<..> offers (F#'s computation-expression methods).
#define CCS_MONAD_BUILDER(M, P)                                                        \
  {"Bind", M "'a" P " * ('a -> " M "'b" P ") -> " M "'b" P},                            \
      {"Return", "'a -> " M "'a" P}, {"ReturnFrom", M "'a" P " -> " M "'a" P},          \
      {"Zero", "unit -> " M "unit" P}, {"Delay", "(unit -> " M "'a" P ") -> " M "'a" P}, \
      {"Combine", M "unit" P " * " M "'a" P " -> " M "'a" P},                           \
      {"While", "(unit -> bool) * " M "unit" P " -> " M "unit" P},                      \
      {"For", "'a list * ('a -> " M "unit" P ") -> " M "unit" P},                       \
      {"TryWith", M "'a" P " * (exn -> " M "'a" P ") -> " M "'a" P},                    \
      {"TryFinally", M "'a" P " * (unit -> unit) -> " M "'a" P},                        \
      {"Using", "'r * ('r -> " M "'a" P ") -> " M "'a" P}

const std::vector<PreludeType>& PreludeTypes() {
  static const std::vector<PreludeType> types = {
      // F#'s async and MailboxProcessor.
      {"Async", 1, {}, {}},
      {"AsyncBuilder", 0, {CCS_MONAD_BUILDER("Async<", ">")}, {}},
      {"AsyncReplyChannel", 1, {{"Reply", "'a -> unit"}}, {}},
      {"MailboxProcessor",
       1,
       {{"Post", "'a -> unit"},
        {"PostAndReply", "(AsyncReplyChannel<'r> -> 'a) -> 'r"},
        {"PostAndAsyncReply", "(AsyncReplyChannel<'r> -> 'a) -> Async<'r>"},
        {"Receive", "unit -> Async<'a>"},
        {"TryReceive", "int -> Async<'a option>"},
        {"CurrentQueueLength", "int"}},
       {}},
      // Olivier: actors whose behaviour is an `actor { }` over their message type 'm.
      {"Actor", 2, {}, {}},
      {"ActorBuilder", 0, {CCS_MONAD_BUILDER("Actor<'m, ", ">")}, {}},
      {"ActorRef", 1, {}, {}},
      {"ActorSystem", 0, {}, {}},
      {"SchedulerConfig", 0, {}, {}},
      // Frosty: cold and hot tasks; `and!` runs both sources at once.
      {"Frosty", 1, {}, {}},
      {"FrostyBuilder",
       0,
       {CCS_MONAD_BUILDER("Frosty<", ">"),
        {"MergeSources", "Frosty<'a> * Frosty<'b> -> Frosty<'a * 'b>"},
        {"BindReturn", "Frosty<'a> * ('a -> 'b) -> Frosty<'b>"}},
       {}},
      // Prospero's platform configuration.
      // ExecutionModel, MemoryStrategy and PlatformConfig are the library's (ccs/library/core.clef).
      // BAREWire: schemas, buffers shared with other processes.
      {"BAREWireType",
       0,
       {},
       {{"UInt8", ""}, {"UInt16", ""}, {"UInt32", ""}, {"UInt64", ""}, {"Int8", ""}, {"Int16", ""},
        {"Int32", ""}, {"Int64", ""}, {"Float32", ""}, {"Double", ""}, {"Bool", ""}, {"String", ""},
        {"Data", ""}, {"Void", ""}}},
      {"Schema", 0, {}, {}},
      {"SchemaBuilder",
       0,
       {{"Yield", "unit -> Schema"}, {"@field", "Schema * string * BAREWireType -> Schema"}},
       {}},
      {"ProcessId", 0, {}, {}},
      {"Span", 1, {{"Length", "int"}}, {}},
      // A typed machine address (F#'s nativeptr<'T>): NativePtr's functions read and write it.
      {"nativeptr", 1, {}, {}},
      // .NET's console streams: stdin.ReadLine().
      {"TextReader", 0, {{"ReadLine", "unit -> string"}, {"ReadToEnd", "unit -> string"}}, {}},
      {"Buffer", 1, {{"AsSpan", "unit -> Span<'a>"}, {"Share", "ProcessId -> Buffer<'a>"}, {"Length", "int"}}, {}},
  };
  return types;
}

#undef CCS_MONAD_BUILDER

const std::vector<PreludeEntry>& PreludeGlobals() {
  static const std::vector<PreludeEntry> values = {
      {"ignore", "'a -> unit"},    {"id", "'a -> 'a"},
      {"fst", "'a * 'b -> 'a"},    {"snd", "'a * 'b -> 'b"},
      {"not", "bool -> bool"},     {"failwith", "string -> 'a"},
      {"raise", "exn -> 'a"},      {"string", "'a -> string"},
      {"reraise", "unit -> 'a"},
      {"int", "'a -> int"},        {"int64", "'a -> int64"},
      {"float", "'a -> float"},    {"char", "'a -> char"},
      {"byte", "'a -> byte"},      {"max", "'a -> 'a -> 'a"},
      {"min", "'a -> 'a -> 'a"},   {"compare", "'a -> 'a -> int"},
      {"abs", "'a -> 'a"},         {"sqrt", "float -> float"},
      {"ref", "'a -> 'a ref"},     {"incr", "int ref -> unit"},
      {"decr", "int ref -> unit"}, {"hash", "'a -> int"},
      {"async", "AsyncBuilder"},   {"actor", "ActorBuilder"},
      {"frosty", "FrostyBuilder"}, {"<!", "ActorRef<'m> -> 'm -> unit"},
      {"nan", "float"},            {"infinity", "float"},
      {"sbyte", "'a -> sbyte"},    {"int8", "'a -> sbyte"},
      {"int16", "'a -> int16"},    {"uint16", "'a -> uint16"},
      {"uint32", "'a -> uint32"},  {"uint", "'a -> uint32"},
      {"uint64", "'a -> uint64"},  {"uint8", "'a -> byte"},
      {"nativeint", "'a -> nativeint"}, {"unativeint", "'a -> unativeint"},
      {"int32", "'a -> int"},
      {"stdin", "TextReader"},     {"isNull", "'a -> bool"},
  };
  return values;
}

const std::vector<PreludeModule>& PreludeModules() {
  static const std::vector<PreludeModule> modules = {
      {"List",
       {{"map", "('a -> 'b) -> 'a list -> 'b list"},
        {"mapi", "(int -> 'a -> 'b) -> 'a list -> 'b list"},
        {"filter", "('a -> bool) -> 'a list -> 'a list"},
        {"choose", "('a -> 'b option) -> 'a list -> 'b list"},
        {"collect", "('a -> 'b list) -> 'a list -> 'b list"},
        {"fold", "('s -> 'a -> 's) -> 's -> 'a list -> 's"},
        {"foldBack", "('a -> 's -> 's) -> 'a list -> 's -> 's"},
        {"reduce", "('a -> 'a -> 'a) -> 'a list -> 'a"},
        {"iter", "('a -> unit) -> 'a list -> unit"},
        {"iteri", "(int -> 'a -> unit) -> 'a list -> unit"},
        {"sum", "'a list -> 'a"},
        {"length", "'a list -> int"},
        {"rev", "'a list -> 'a list"},
        {"head", "'a list -> 'a"},
        {"tail", "'a list -> 'a list"},
        {"isEmpty", "'a list -> bool"},
        {"append", "'a list -> 'a list -> 'a list"},
        {"exists", "('a -> bool) -> 'a list -> bool"},
        {"forall", "('a -> bool) -> 'a list -> bool"},
        {"find", "('a -> bool) -> 'a list -> 'a"},
        {"tryFind", "('a -> bool) -> 'a list -> 'a option"},
        {"contains", "'a -> 'a list -> bool"},
        {"init", "int -> (int -> 'a) -> 'a list"},
        {"replicate", "int -> 'a -> 'a list"},
        {"max", "'a list -> 'a"},
        {"min", "'a list -> 'a"},
        {"sort", "'a list -> 'a list"},
        {"sortBy", "('a -> 'b) -> 'a list -> 'a list"},
        {"zip", "'a list -> 'b list -> ('a * 'b) list"},
        {"item", "int -> 'a list -> 'a"},
        {"ofArray", "'a[] -> 'a list"},
        {"toArray", "'a list -> 'a[]"},
        {"empty", "'a list"}}},
      {"Array",
       {{"map", "('a -> 'b) -> 'a[] -> 'b[]"},
        {"filter", "('a -> bool) -> 'a[] -> 'a[]"},
        {"fold", "('s -> 'a -> 's) -> 's -> 'a[] -> 's"},
        {"iter", "('a -> unit) -> 'a[] -> unit"},
        {"sum", "'a[] -> 'a"},
        {"length", "'a[] -> int"},
        {"init", "int -> (int -> 'a) -> 'a[]"},
        {"create", "int -> 'a -> 'a[]"},
        {"zeroCreate", "int -> 'a[]"},
        {"copy", "'a[] -> 'a[]"},
        {"sort", "'a[] -> 'a[]"},
        {"ofList", "'a list -> 'a[]"},
        {"toList", "'a[] -> 'a list"}}},
      {"Option",
       {{"map", "('a -> 'b) -> 'a option -> 'b option"},
        {"bind", "('a -> 'b option) -> 'a option -> 'b option"},
        {"defaultValue", "'a -> 'a option -> 'a"},
        {"isSome", "'a option -> bool"},
        {"isNone", "'a option -> bool"},
        {"get", "'a option -> 'a"},
        {"iter", "('a -> unit) -> 'a option -> unit"}}},
      {"String",
       {{"length", "string -> int"},
        {"concat", "string -> string list -> string"},
        {"concatList", "string -> string list -> string"},
        {"replicate", "int -> string -> string"},
        {"map", "(char -> char) -> string -> string"},
        {"exists", "(char -> bool) -> string -> bool"},
        // s.Substring(start, length), for the library's string members (ccs/library/system.clef).
        {"substring", "string -> int -> int -> string"},
        {"ofChar", "char -> string"}}},
      // What the library's exceptions (core.clef) are made of: an exception of a runtime kind
      // (clef_exn_kind) with a message.
      {"ClefRuntime",
       {{"exceptionOfKind", "int -> string -> exn"},
        // PlatformConfig.apply (core.clef): execution model (ExecutionModel's case index) and
        // the deterministic executor's seed.
        {"configurePlatform", "int -> int64 -> unit"},
        // Supervision (core.clef): an actor's restart limit, and a watcher's message for its end.
        {"superviseActor", "ActorRef<'m> -> int -> unit"},
        {"watchActor", "ActorRef<'n> -> 'n -> ActorRef<'m> -> unit"}}},
      // .NET's System.Console (also as `System.Console`) and upstream Clef's lower-case
      // Console functions.
      {"Console",
       {{"ReadLine", "unit -> string"},
        {"WriteLine", "'a -> unit"},
        {"Write", "'a -> unit"},
        {"readln", "unit -> string"},
        {"readLine", "unit -> string"},
        {"write", "string -> unit"},
        {"writeln", "string -> unit"},
        {"error", "string -> unit"},
        {"errorln", "string -> unit"}}},
      // F#'s NativePtr (FSharp.NativeInterop): unchecked, element-indexed access to memory.
      {"NativePtr",
       {{"stackalloc", "int -> nativeptr<'a>"},
        {"get", "nativeptr<'a> -> int -> 'a"},
        {"set", "nativeptr<'a> -> int -> 'a -> unit"},
        {"read", "nativeptr<'a> -> 'a"},
        {"write", "nativeptr<'a> -> 'a -> unit"},
        {"add", "nativeptr<'a> -> int -> nativeptr<'a>"},
        {"ofNativeInt", "nativeint -> nativeptr<'a>"},
        {"toNativeInt", "nativeptr<'a> -> nativeint"},
        {"nullPtr", "nativeptr<'a>"},
        {"isNullPtr", "nativeptr<'a> -> bool"}}},
      {"Async",
       {{"RunSynchronously", "Async<'a> -> 'a"},
        {"Start", "Async<unit> -> unit"},
        {"StartImmediate", "Async<unit> -> unit"},
        {"Parallel", "Async<'a> list -> Async<'a[]>"},
        {"Sleep", "int -> Async<unit>"},
        {"StartChild", "Async<'a> -> Async<Async<'a>>"},
        {"Ignore", "Async<'a> -> Async<unit>"}}},
      {"MailboxProcessor", {{"Start", "(MailboxProcessor<'a> -> Async<unit>) -> MailboxProcessor<'a>"}}},
      {"Olivier",
       {{"createSystem", "string -> ActorSystem"},
        {"spawn", "ActorSystem -> string -> (unit -> Actor<'m, 'a>) -> ActorRef<'m>"},
        {"stop", "ActorRef<'m> -> unit"},
        {"configureScheduler", "SchedulerConfig -> ActorSystem -> ActorSystem"},
        {"shutdown", "ActorSystem -> unit"},
        {"awaitTermination", "ActorSystem -> unit"}}},
      {"Actor",
       {{"receive", "unit -> Actor<'m, 'm>"},
        {"self", "unit -> Actor<'m, ActorRef<'m>>"},
        {"stop", "unit -> Actor<'m, unit>"}}},
      {"SchedulerConfig",
       {{"create", "unit -> SchedulerConfig"},
        {"withWorkerCount", "int -> SchedulerConfig -> SchedulerConfig"},
        {"withPriorities", "string list -> SchedulerConfig -> SchedulerConfig"}}},
      {"Frosty",
       {{"startCold", "(unit -> 'a) -> Frosty<'a>"},
        {"startHot", "(unit -> 'a) -> Frosty<'a>"},
        {"run", "Frosty<'a> -> 'a"},
        {"sleep", "int -> Frosty<unit>"},
        {"parallel", "Frosty<'a> list -> Frosty<'a[]>"},
        {"ofAsync", "Async<'a> -> Frosty<'a>"},
        {"map", "('a -> 'b) -> Frosty<'a> -> Frosty<'b>"}}},
      {"BAREWire",
       {{"schema", "SchemaBuilder"},
        {"createBuffer", "int -> Buffer<'a>"},
        {"processId", "int -> ProcessId"},
        {"sendMessage", "ProcessId -> Schema -> 'a -> unit"}}},
  };
  return modules;
}

}  // namespace ccs::sema
