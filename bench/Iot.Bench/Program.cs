using Iot.Bench;
using Iot.Bench.Dashboard;
using Iot.Bench.Detection;
using Iot.Bench.Indicators;
using Iot.Bench.Ingest;

return args switch
{
    ["store", .. var rest] => await StoreBenchmark.RunAsync(rest),
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(rest),
    ["detection", .. var rest] => await DetectionBenchmark.RunAsync(rest),
    ["map", .. var rest] => await MapBenchmark.RunAsync(rest),
    ["indicators", .. var rest] => await IndicatorsBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Iot.Bench -- store [--messages N] [--devices N]
               dotnet run -c Release --project bench/Iot.Bench -- ingest [--duration S] [--devices N] [--loops N]
               dotnet run -c Release --project bench/Iot.Bench -- detection [--agents N]
               dotnet run -c Release --project bench/Iot.Bench -- map [--assets N] [--loads N] [--faults N]
               dotnet run -c Release --project bench/Iot.Bench -- indicators [--faults N]
          ingest  mosquitto's raw QoS 1 rate against the hub persisting everything, same generator, same run
          detection  abrupt disconnect (TCP reset) → comm_lost ticket listed by the API, against the 2 s target
          map     the live map at 10,000 assets in headless Chromium: first render against a bare Leaflet page, fault → browser
          indicators  a month of indicators over the demo commune against a plain SQLite aggregate of the same rows
          store   the hub's SQLite telemetry store against a plain SQLite insert of the same rows, side by side
        """);
    return 2;
}
