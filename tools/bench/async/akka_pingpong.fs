// Ping-pong on Akka.NET (the peer of pingpong.clef): 200,000 Ask round trips to an actor that
// answers n + 1.
open Akka.Actor

type Ponger() =
    inherit UntypedActor()
    override this.OnReceive(message: obj) =
        match message with
        | :? int as n -> this.Sender.Tell(n + 1)
        | _ -> ()

[<EntryPoint>]
let main _ =
    use system = ActorSystem.Create("pingpong", "akka.loglevel = OFF\nakka.stdout-loglevel = OFF")
    let ponger = system.ActorOf(Props.Create(typeof<Ponger>), "ponger")
    let mutable total = 0
    for i in 1 .. 200000 do
        total <- ponger.Ask<int>(i, System.TimeSpan.FromMinutes 1.0).Result - i + total
    printfn "%d" total
    0
