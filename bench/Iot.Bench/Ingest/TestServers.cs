namespace Iot.Bench.Ingest;

/// <summary>Debian's mosquitto and influxd, started for a phase on free loopback ports with temp dirs.</summary>
internal static class TestServers
{
    public static async Task<(ServerProcess Process, int Port, string Dir)> StartMosquittoAsync(CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("iot-bench-mosquitto-").FullName;
        var port = ServerProcess.FreePort();
        var conf = Path.Combine(dir, "mosquitto.conf");
        // No authentication and no persistence: the cheapest QoS 1 broker mosquitto can be.
        await File.WriteAllTextAsync(conf, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 1000000\n", cancellationToken);
        var process = ServerProcess.Start("mosquitto", "/usr/sbin/mosquitto", ["-c", conf]);
        await process.WaitForPortAsync(port, TimeSpan.FromSeconds(20));
        return (process, port, dir);
    }

    public static async Task<(ServerProcess Process, int Port, string Dir)> StartInfluxAsync(CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("iot-bench-influx-").FullName;
        var port = ServerProcess.FreePort();
        var conf = Path.Combine(dir, "influxdb.conf");
        await File.WriteAllTextAsync(conf, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{ServerProcess.FreePort()}"
            [meta]
              dir = "{dir}/meta"
            [data]
              dir = "{dir}/data"
              wal-dir = "{dir}/wal"
              query-log-enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{port}"
              log-enabled = false
            [monitor]
              store-enabled = false
            [continuous_queries]
              enabled = false
            """, cancellationToken);
        var process = ServerProcess.Start("influxd", "/usr/bin/influxd", ["-config", conf]);
        await process.WaitForPortAsync(port, TimeSpan.FromSeconds(30));
        return (process, port, dir);
    }
}
