// The edge agent (serial drivers, store-and-forward, command execution) is issue 4 and is not built yet.
// Until then this program says so and exits with a non-zero code rather than pretending to run.
await Console.Error.WriteLineAsync("Iot.Edge: the edge agent is not implemented yet (see the edge-agent issue). " +
    "To play an agent of a city file over MQTT today, use: dotnet run --project simulators/Iot.Simulators -- agent --help");
return 3;
