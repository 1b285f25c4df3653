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
