using System.Globalization;
using System.Text;
using static Iot.Contracts.Tests.TestPayloads;
using static Iot.Contracts.Tests.WireDecoders;

namespace Iot.Contracts.Tests;

/// <summary>
/// Property-based flavour without extra packages: seeded random and mutated inputs go to every decoder.
/// Properties: no decoder throws; a refusal always names a reason and a detail; an acceptance always yields a value.
/// A failure prints the seed, the iteration and the input so it can be replayed.
/// </summary>
public sealed class PayloadDecoderRandomInputTests
{
    private const int Iterations = 2_000;

    private static readonly byte[] JsonAlphabet = Encoding.ASCII.GetBytes("{}[]\":,0123456789.-+eEtrufalsn \\u\"abcxyzTs");

    [Fact]
    public void Decoders_SeededRandomBytes_NeverThrowAndEveryRefusalIsNamed()
    {
        const int seed = 20_261_123;
        var random = new Random(seed);
        var outcomes = new Outcomes();
        for (var i = 0; i < Iterations; i++)
        {
            var input = new byte[random.Next(0, 300)];
            if (i % 2 == 0)
            {
                random.NextBytes(input);
            }
            else
            {
                // Valid UTF-8 made of JSON punctuation, digits and letters, so the parser gets to work.
                for (var b = 0; b < input.Length; b++)
                {
                    input[b] = JsonAlphabet[random.Next(JsonAlphabet.Length)];
                }
            }

            FeedEveryDecoder(input, $"seed {seed}, iteration {i}", outcomes);
        }

        // Random bytes never make a valid message: each of the 8 decoder calls per input refuses.
        Assert.Equal(Iterations * 8, outcomes.Refused);
        Assert.Contains(RejectReason.NotUtf8, outcomes.Reasons);
        Assert.Contains(RejectReason.NotJson, outcomes.Reasons);
    }

    [Fact]
    public void Decoders_RandomMutationsOfValidPayloads_NeverThrowAndEveryRefusalIsNamed()
    {
        const int seed = 17_042;
        var random = new Random(seed);
        var outcomes = new Outcomes();
        var samples = AllKinds.Select(k => Utf8(ValidJson(k))).ToArray();
        for (var i = 0; i < Iterations; i++)
        {
            var input = samples[i % samples.Length];
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                input = Mutate(input, random);
            }

            FeedEveryDecoder(input, $"seed {seed}, iteration {i}", outcomes);
        }

        Assert.True(outcomes.Accepted > 0, "no mutation was ever accepted: the mutations only break the envelope");
        Assert.True(outcomes.Reasons.Count >= 6, $"mutations reached only {string.Join(", ", outcomes.Reasons)}");
    }

    [Fact]
    public void TryDecodeTelemetry_RandomWellFormedMessages_NeverThrowAndAcceptedOnesAreWithinTheContract()
    {
        const int seed = 8_192;
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var service = ServiceKinds.All[random.Next(ServiceKinds.All.Count)];
            var ts = RandomTs(random);
            var json = RandomTelemetry(random, service, ts);
            var input = Utf8(json);
            DecodedTelemetry? telemetry = null;
            var error = default(ValidationError);
            var ok = false;

            var thrown = Record.Exception(() => ok = PayloadDecoder.TryDecodeTelemetry(input, service, Now, ValidationOptions.Default, out telemetry, out error));

            if (thrown is not null)
            {
                Assert.Fail($"seed {seed}, iteration {i}: TryDecodeTelemetry({service}) threw {thrown.GetType().Name}: {thrown.Message}\n{json}");
            }

            if (!ok)
            {
                AssertNamed(error, json);
                continue;
            }

            accepted++;
            Assert.Equal(ts, telemetry!.Ts);
            Assert.InRange(telemetry.Ts, Now - (30 * Day), Now + (5 * Minute));
            foreach (var reading in telemetry.Metrics)
            {
                if (MetricCatalog.Find(service, reading.Name) is { } spec)
                {
                    Assert.True(PayloadDecoder.CheckKnown(spec, reading.Value, out var known), $"accepted {reading.Name}={reading.Value}: {known}\n{json}");
                    Assert.DoesNotContain(reading.Name, telemetry.UnknownMetrics);
                }
                else
                {
                    Assert.Contains(reading.Name, telemetry.UnknownMetrics);
                }
            }
        }

        Assert.True(accepted > Iterations / 10, $"only {accepted} of {Iterations} generated messages accepted");
    }

    private static void FeedEveryDecoder(byte[] input, string where, Outcomes outcomes)
    {
        foreach (var service in ServiceKinds.All)
        {
            DecodedTelemetry? telemetry = null;
            var error = default(ValidationError);
            var ok = false;
            var thrown = Record.Exception(() => ok = PayloadDecoder.TryDecodeTelemetry(input, service, Now, ValidationOptions.Default, out telemetry, out error));
            outcomes.Record($"telemetry/{service}", where, input, thrown, ok, telemetry, error);
        }

        foreach (var kind in DocumentKinds)
        {
            (bool Ok, object? Value, ValidationError Error) result = default;
            var thrown = Record.Exception(() => result = WireDecoders.Decode(kind, input));
            outcomes.Record(kind, where, input, thrown, result.Ok, result.Value, result.Error);
        }
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        if (input.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        var list = input.ToList();
        var at = random.Next(list.Count);
        switch (random.Next(7))
        {
            case 0: // any byte
                list[at] = (byte)random.Next(256);
                break;
            case 1: // a JSON-significant ASCII byte
                list[at] = JsonAlphabet[random.Next(JsonAlphabet.Length)];
                break;
            case 2: // a digit, which often keeps the JSON valid and moves a value
                list[at] = (byte)('0' + random.Next(10));
                break;
            case 3: // insert
                list.Insert(at, JsonAlphabet[random.Next(JsonAlphabet.Length)]);
                break;
            case 4: // delete a short run
                list.RemoveRange(at, Math.Min(random.Next(1, 8), list.Count - at));
                break;
            case 5: // duplicate a run
                list.InsertRange(at, list.GetRange(at, Math.Min(random.Next(1, 16), list.Count - at)));
                break;
            default: // truncate
                list.RemoveRange(at, list.Count - at);
                break;
        }

        return [.. list];
    }

    private static long RandomTs(Random random) => random.Next(6) switch
    {
        0 => Now - random.NextInt64(0, 40 * Day),
        1 => Now + random.NextInt64(-10 * Minute, 10 * Minute),
        2 => random.NextInt64(0, long.MaxValue),
        3 => Now * 1000, // a device sending microseconds
        _ => Now - random.NextInt64(0, Day),
    };

    private static string RandomTelemetry(Random random, ServiceKind service, long ts)
    {
        var known = MetricCatalog.For(service);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{{\"ts\":{ts},\"seq\":{random.NextInt64(0, long.MaxValue)},\"metrics\":{{");
        var count = random.Next(0, 8);
        for (var m = 0; m < count; m++)
        {
            if (m > 0)
            {
                builder.Append(',');
            }

            var spec = random.Next(4) == 0 ? null : known[random.Next(known.Count)];
            var name = spec?.Name ?? "vendor" + random.Next(100).ToString(CultureInfo.InvariantCulture);
            builder.Append('"').Append(name).Append("\":").Append(RandomValue(random, spec));
        }

        return builder.Append("}}").ToString();
    }

    private static string RandomValue(Random random, MetricSpec? spec)
    {
        switch (random.Next(8))
        {
            case 0:
                return random.Next(2) == 0 ? "true" : "false";
            case 1:
                return spec?.Allowed is { } allowed ? $"\"{allowed[random.Next(allowed.Count)]}\"" : "\"text\"";
            case 2:
                return (random.NextDouble() * 3000 - 1000).ToString("R", CultureInfo.InvariantCulture);
            case 3:
                return string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 10)}e{random.Next(-400, 400)}");
            default:
                if (spec is { Kind: MetricValueKind.Number })
                {
                    var max = Math.Min(spec.Max, 1e6);
                    return (spec.Min + (random.NextDouble() * (max - spec.Min))).ToString("R", CultureInfo.InvariantCulture);
                }

                return spec?.Kind == MetricValueKind.Bool ? "true" : "\"ok\"";
        }
    }

    private static void AssertNamed(ValidationError error, string input)
    {
        Assert.True(error.Reason != RejectReason.None, $"refused with reason none: {input}");
        Assert.False(string.IsNullOrWhiteSpace(error.Detail), $"refused without a detail ({error.Reason}): {input}");
    }

    private sealed class Outcomes
    {
        public int Accepted { get; private set; }

        public int Refused { get; private set; }

        public HashSet<RejectReason> Reasons { get; } = [];

        public void Record(string decoder, string where, byte[] input, Exception? thrown, bool ok, object? value, ValidationError error)
        {
            if (thrown is not null)
            {
                Assert.Fail($"{where}: {decoder} threw {thrown.GetType().Name}: {thrown.Message}\ninput: {Convert.ToHexString(input)}");
            }

            if (ok)
            {
                Accepted++;
                Assert.True(value is not null, $"{where}: {decoder} accepted without a value");
                Assert.Equal(RejectReason.None, error.Reason);
                return;
            }

            Refused++;
            Reasons.Add(error.Reason);
            Assert.True(value is null, $"{where}: {decoder} refused but returned a value");
            AssertNamed(error, $"{decoder} {where} {Convert.ToHexString(input)}");
        }
    }
}
