using Iot.Bench;

return args switch
{
    ["store", .. var rest] => await StoreBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Iot.Bench -- store [--messages N] [--devices N]
          store   the hub's SQLite telemetry store against a plain SQLite insert of the same rows, side by side
        """);
    return 2;
}
