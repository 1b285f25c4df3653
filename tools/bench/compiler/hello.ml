(* Hello world, the OCaml peer of hello.clef: start-up time and memory. *)
let () = print_endline "Hello, world!"
