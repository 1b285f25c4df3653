#!/usr/bin/env escript
%%! +P 4000000 +S 2:2 -noshell
%% The Erlang peer of olivier_bench.cc: the same workloads, sizes and output records
%% ("bench system value unit" lines), run by tools/bench/olivier.sh.
-mode(compile).

main(_) ->
    report("pingpong/40000", best(fun() -> pingpong(40000) end)),
    report("counting/1000000", best(fun() -> counting(1000000) end)),
    report("threadring/100/100000", best(fun() -> threadring(100, 100000) end)),
    report("skynet", best(fun() -> skynet() end)),
    report("forkjoin_create/40000", best(fun() -> forkjoin_create(40000) end)),
    report("forkjoin_throughput/60/10000", best(fun() -> forkjoin_throughput(60, 10000) end)),
    report("big/120/20000", best(fun() -> big(120, 20000) end)),
    report("chameneos/100/200000", best(fun() -> chameneos(100, 200000) end)),
    report("pingpong_pipelined/1000000", best(fun() -> pipelined(1000000) end)),
    {AskMs, P50, P99} = ask_latency(10000),
    report("ask_latency/10000", AskMs),
    io:format("ask_latency/10000 erlang ~.3f p50_us~nask_latency/10000 erlang ~.3f p99_us~n", [P50, P99]),
    {SpawnMs, BytesPerActor} = spawn_idle(100000),
    report("spawn/100000", SpawnMs),
    io:format("spawn/100000 erlang ~.2f bytes_per_actor~n", [BytesPerActor]).

report(Bench, Ms) -> io:format("~s erlang ~.3f ms~n", [Bench, Ms]).

%% Best of five runs, in milliseconds.
best(F) -> lists:min([time_ms(F) || _ <- lists:seq(1, 5)]).
time_ms(F) ->
    T0 = erlang:monotonic_time(microsecond),
    F(),
    (erlang:monotonic_time(microsecond) - T0) / 1000.

%% Two processes bounce a counter: a ping and its pong per round.
pingpong(N) ->
    Self = self(),
    B = spawn(fun() -> bouncer(Self) end),
    A = spawn(fun() -> bouncer(Self) end),
    A ! {2 * N, B},
    receive done -> ok end,
    exit(A, kill), exit(B, kill).
bouncer(Main) ->
    receive
        {0, _} -> Main ! done, bouncer(Main);
        {K, From} -> From ! {K - 1, self()}, bouncer(Main)
    end.

counting(N) ->
    Self = self(),
    C = spawn(fun() -> count(0, N, Self) end),
    [C ! I || I <- lists:seq(1, N)],
    receive done -> ok end.
count(N, N, Main) -> Main ! done;
count(K, N, Main) -> receive _ -> count(K + 1, N, Main) end.

threadring(Actors, Passes) ->
    Self = self(),
    Pids = [spawn(fun() -> ring_wait(Self) end) || _ <- lists:seq(1, Actors)],
    Next = tl(Pids) ++ [hd(Pids)],
    [P ! {next, Nx} || {P, Nx} <- lists:zip(Pids, Next)],
    hd(Pids) ! {token, Passes},
    receive done -> ok end,
    [exit(P, kill) || P <- Pids].
ring_wait(Main) -> receive {next, Next} -> ring(Main, Next) end.
ring(Main, Next) ->
    receive
        {token, 0} -> Main ! done, ring(Main, Next);
        {token, K} -> Next ! {token, K - 1}, ring(Main, Next)
    end.

%% Skynet: 1,111,111 processes, each leaf reports its number, sums flow back up.
skynet() ->
    Self = self(),
    spawn(fun() -> skynet(0, 1000000, Self) end),
    receive {sum, 499999500000} -> ok end.
skynet(Num, 1, Parent) -> Parent ! {sum, Num};
skynet(Num, Size, Parent) ->
    Child = Size div 10,
    Self = self(),
    [spawn(fun() -> skynet(Num + I * Child, Child, Self) end) || I <- lists:seq(0, 9)],
    Parent ! {sum, collect(10, 0)}.
collect(0, Sum) -> Sum;
collect(K, Sum) -> receive {sum, S} -> collect(K - 1, Sum + S) end.

%% Spawn cost and memory per idle process (erlang:memory(processes)).
spawn_idle(N) ->
    Before = erlang:memory(processes),
    T0 = erlang:monotonic_time(microsecond),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    Ms = (erlang:monotonic_time(microsecond) - T0) / 1000,
    Bytes = (erlang:memory(processes) - Before) / N,
    [P ! stop || P <- Pids],
    {Ms, Bytes}.

%% Fork-Join (create): N processes, each takes one message and ends.
forkjoin_create(N) ->
    Self = self(),
    [spawn(fun() -> receive _ -> Self ! done end end) ! go || _ <- lists:seq(1, N)],
    wait_n(N).
wait_n(0) -> ok;
wait_n(K) -> receive done -> wait_n(K - 1) end.

%% Fork-Join (throughput): A processes, M messages each, sent by a producer process.
forkjoin_throughput(A, M) ->
    Self = self(),
    Sinks = [spawn(fun() -> sink(M, Self) end) || _ <- lists:seq(1, A)],
    spawn(fun() -> [[S ! I || S <- Sinks] || I <- lists:seq(1, M)] end),
    wait_n(A).
sink(0, Main) -> Main ! done;
sink(K, Main) -> receive _ -> sink(K - 1, Main) end.

%% Big: N processes each send M pings to pseudo-random peers and count the pongs.
big(N, M) ->
    Self = self(),
    Pids = list_to_tuple([spawn(fun() -> big_wait(Self, M) end) || _ <- lists:seq(1, N)]),
    [element(I, Pids) ! {world, Pids, I} || I <- lists:seq(1, N)],
    [element(((I - 1) * 7 + 1) rem N + 1, Pids) ! {ping, element(I, Pids)} || I <- lists:seq(1, N)],
    wait_n(N),
    [exit(element(I, Pids), kill) || I <- lists:seq(1, N)].
big_wait(Main, M) -> receive {world, Pids, I} -> big_loop(Main, Pids, I * 2654435761 + 1, M) end.
big_loop(Main, Pids, Seed, Left) ->
    receive
        {ping, From} -> From ! pong, big_loop(Main, Pids, Seed, Left);
        pong when Left =:= 1 -> Main ! done, big_loop(Main, Pids, Seed, 0);
        pong ->
            Next = (Seed * 1103515245 + 12345) band 16#FFFFFFFF,
            element(((Next bsr 8) rem tuple_size(Pids)) + 1, Pids) ! {ping, self()},
            big_loop(Main, Pids, Next, Left - 1)
    end.

%% Pipelined ping-pong: N pings in flight, each echoed.
pipelined(N) ->
    Self = self(),
    Echo = spawn(fun Loop() -> receive {I, From} -> From ! I, Loop() end end),
    Collector = spawn(fun() -> collect_n(N), Self ! done end),
    [Echo ! {I, Collector} || I <- lists:seq(1, N)],
    receive done -> ok end,
    exit(Echo, kill).
collect_n(0) -> ok;
collect_n(K) -> receive _ -> collect_n(K - 1) end.

%% Ask latency: N sequential request/replies (a gen_server call's shape), microseconds.
ask_latency(N) ->
    Replier = spawn(fun Loop() -> receive {From, Ref} -> From ! {Ref, 1}, Loop() end end),
    T0 = erlang:monotonic_time(microsecond),
    Us = [begin
              S = erlang:monotonic_time(nanosecond),
              Ref = make_ref(),
              Replier ! {self(), Ref},
              receive {Ref, _} -> ok end,
              (erlang:monotonic_time(nanosecond) - S) / 1000
          end || _ <- lists:seq(1, N)],
    Ms = (erlang:monotonic_time(microsecond) - T0) / 1000,
    Sorted = lists:sort(Us),
    exit(Replier, kill),
    {Ms, lists:nth(N div 2, Sorted), lists:nth(N * 99 div 100, Sorted)}.

%% Chameneos: C creatures meet through a mall N times in all, changing colour each time.
chameneos(C, N) ->
    Self = self(),
    Mall = spawn(fun() -> mall(N, C, 0, none, Self) end),
    [spawn(fun() -> Mall ! {meet, I rem 3, self()}, creature(Mall, I rem 3) end) || I <- lists:seq(0, C - 1)],
    receive done -> ok end.
mall(Left, C, Stopped, Waiting, Main) ->
    receive
        {meet, _Color, From} when Left =:= 0 ->
            From ! stop,
            case Stopped + 1 of
                C -> Main ! done;
                S -> mall(0, C, S, Waiting, Main)
            end;
        {meet, Color, From} ->
            case Waiting of
                none -> mall(Left, C, Stopped, {Color, From}, Main);
                {WColor, WFrom} ->
                    From ! {partner, WColor},
                    WFrom ! {partner, Color},
                    mall(Left - 1, C, Stopped, none, Main)
            end
    end.
creature(Mall, Color) ->
    receive
        stop -> ok;
        {partner, Other} ->
            New = complement(Color, Other),
            Mall ! {meet, New, self()},
            creature(Mall, New)
    end.
complement(A, A) -> A;
complement(A, B) -> 3 - A - B.
