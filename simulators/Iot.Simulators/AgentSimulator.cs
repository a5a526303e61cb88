using System.Buffers;
using System.Text.Json;
using Iot.City;
using Iot.Contracts;
using MQTTnet;
using MQTTnet.Protocol;

namespace Iot.Simulators;

/// <summary>One edge agent of a city, played over MQTT with plausible values. Not the fleet simulator.</summary>
internal static class AgentSimulator
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = AgentSimulatorOptions.Parse(args, Console.Error);
        if (options is null)
        {
            Console.Error.WriteLine(AgentSimulatorOptions.Usage);
            return 2;
        }

        CityModel city;
        try
        {
            city = CityLoader.Load(options.CityFile);
        }
        catch (CityFileException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        var agent = city.Agents.FirstOrDefault(a => a.Id == options.AgentId);
        if (agent is null)
        {
            Console.Error.WriteLine($"agent '{options.AgentId}' is not in {options.CityFile}");
            return 1;
        }

        var assets = city.Assets.Where(a => a.AgentId == agent.Id).ToArray();
        var service = assets.FirstOrDefault(a => a.Id == agent.Id)?.Service ?? assets[0].Service;
        var session = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var statusTopic = Topics.Format(agent.CommuneId, service, agent.Id, MessageKind.Status);
        byte[] Status(string state) => JsonSerializer.SerializeToUtf8Bytes(
            new StatusPayload(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), state, session, agent.Id, "sim-1"), WireJsonContext.Default.StatusPayload);

        using var client = new MqttClientFactory().CreateMqttClient();
        var connect = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(agent.Id)
            .WithCredentials(agent.Id, options.Secret)
            .WithWillTopic(statusTopic).WithWillPayload(Status(StatusPayload.Offline)).WithWillRetain().WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        if (connect.ResultCode != MqttClientConnectResultCode.Success)
        {
            Console.Error.WriteLine($"connect refused: {connect.ResultCode}");
            return 1;
        }

        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(statusTopic).WithPayload(Status(StatusPayload.Online))
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Console.Error.WriteLine($"agent {agent.Id}: {assets.Length} device(s), session {session}, every {options.Interval.TotalSeconds:0.#} s");

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var random = new Random(agent.Id.GetHashCode(StringComparison.Ordinal));
        var seqs = new Dictionary<string, long>();
        var buffer = new ArrayBufferWriter<byte>();
        for (var round = 0; options.Count is null || round < options.Count; round++)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var asset in assets)
            {
                var seq = seqs[asset.Id] = seqs.GetValueOrDefault(asset.Id, now.ToUnixTimeMilliseconds()) + 1;
                buffer.ResetWrittenCount();
                PayloadDecoder.WriteTelemetry(buffer, now.ToUnixTimeMilliseconds(), seq, Readings(asset, city, now, round, random));
                await client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(Topics.Format(asset.CommuneId, asset.Service, asset.Id, MessageKind.Telemetry))
                    .WithPayload(buffer.WrittenSpan.ToArray())
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop.Token);
            }

            if (options.Count is not null && round + 1 == options.Count)
            {
                break;
            }

            try
            {
                await Task.Delay(options.Interval, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(statusTopic).WithPayload(Status(StatusPayload.Offline))
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
        return 0;
    }

    private static IEnumerable<MetricReading> Readings(Asset asset, CityModel city, DateTimeOffset now, int round, Random random)
    {
        // Lamps burn from 18:00 to 07:00 UTC here; the astronomical clock belongs to the hub's rules, not to this tool.
        var night = now.Hour is >= 18 or < 7;
        switch (asset.Service)
        {
            case ServiceKind.Streetlight:
                var rated = asset.FindModelValue("ratedPower") ?? 60;
                var level = night ? 1.0 : 0.0;
                var voltage = 228 + (random.NextDouble() * 6);
                var power = night ? rated * (0.95 + (random.NextDouble() * 0.1)) : 0;
                return [new("powerState", night ? "on" : "off"), new("illuminanceLevel", level), new("powerConsumption", Math.Round(power, 1)),
                        new("voltage", Math.Round(voltage, 1)), new("current", Math.Round(power / voltage, 3))];
            case ServiceKind.Cabinet:
                var lamps = asset.FindModelValue("lampCount") ?? 40;
                return [new("powerState", night ? "on" : "off"), new("voltage", Math.Round(229 + (random.NextDouble() * 4), 1)),
                        new("totalActivePower", night ? Math.Round(lamps * 60 * (0.95 + (random.NextDouble() * 0.1))) : 0), new("doorOpen", false), new("workingMode", "automatic")];
            case ServiceKind.Wastebin:
                var filling = Math.Min(1.0, ((asset.Id.GetHashCode(StringComparison.Ordinal) & 0xff) / 400.0) + (round * 0.01));
                return [new("fillingLevel", Math.Round(filling, 2)), new("temperature", Math.Round(12 + (random.NextDouble() * 8), 1)),
                        new("status", "ok"), new("batteryLevel", 0.9)];
            default:
                var route = city.Routes.FirstOrDefault(r => r.Id == asset.RouteId);
                var at = route is null ? asset.Location.Coordinate
                    : new NetTopologySuite.LinearReferencing.LengthIndexedLine(route.Shape).ExtractPoint(route.Shape.Length * ((round * 0.01) % 1.0));
                return [new("lat", at.Y), new("lon", at.X), new("speed", Math.Round(15 + (random.NextDouble() * 25), 1)), new("heading", 90.0),
                        new("serviceStatus", "onRoute"), new("routeId", asset.RouteId ?? "none"), new("occupancy", Math.Round(random.NextDouble(), 2))];
        }
    }
}
