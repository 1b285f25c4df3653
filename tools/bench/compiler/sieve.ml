(* Sieve of Eratosthenes: count the primes below 50,000,000, 4 rounds. One byte a flag (Bytes):
   an OCaml `bool array` would take a whole word per element. *)
let limit = 50000000
let rounds = 4

let count_primes n =
  let is_prime = Bytes.make n '\001' in
  Bytes.set is_prime 0 '\000';
  Bytes.set is_prime 1 '\000';
  let i = ref 2 in
  while !i * !i < n do
    if Bytes.get is_prime !i <> '\000' then begin
      let j = ref (!i * !i) in
      while !j < n do
        Bytes.set is_prime !j '\000';
        j := !j + !i
      done
    end;
    incr i
  done;
  let count = ref 0 in
  for k = 0 to n - 1 do
    if Bytes.get is_prime k <> '\000' then incr count
  done;
  !count

let () =
  let count = ref 0 in
  for _ = 1 to rounds do
    count := count_primes limit
  done;
  Printf.printf "primes below %d: %d\n" limit !count
