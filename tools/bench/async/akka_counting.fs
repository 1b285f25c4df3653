// Savina Counting on Akka.NET (the peer of counting.clef): 1,000,000 messages to a counter
// actor, then an Ask for the count.
open Akka.Actor

type Counter() =
    inherit UntypedActor()
    let mutable count = 0
    override this.OnReceive(message: obj) =
        match message with
        | :? int -> count <- count + 1
        | :? string -> this.Sender.Tell(count)
        | _ -> ()

[<EntryPoint>]
let main _ =
    use system = ActorSystem.Create("counting", "akka.loglevel = OFF\nakka.stdout-loglevel = OFF")
    let counter = system.ActorOf(Props.Create(typeof<Counter>), "counter")
    for _ in 1 .. 1000000 do counter.Tell(1)
    printfn "%d" (counter.Ask<int>("count", System.TimeSpan.FromMinutes 1.0).Result)
    0
