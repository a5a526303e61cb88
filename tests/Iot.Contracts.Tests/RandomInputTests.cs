using static Iot.Contracts.Tests.TestPayloads;

namespace Iot.Contracts.Tests;

/// <summary>Seeded random and mutated inputs: every decoder answers with a reason, none throws.</summary>
public sealed class RandomInputTests
{
    [Fact]
    public void Decoders_RandomBytesAndMutations_NeverThrow_EveryRefusalNamed()
    {
        var random = new Random(20261123);
        var valid = Telemetry("\"powerState\":\"on\",\"voltage\":230.5,\"doorOpen\":false");
        var refused = 0;
        for (var i = 0; i < 3000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                for (var m = random.Next(1, 4); m > 0; m--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
            }

            foreach (var service in ServiceKinds.All)
            {
                if (!PayloadDecoder.TryDecodeTelemetry(input, service, Now, ValidationOptions.Default, out _, out var error))
                {
                    refused++;
                    AssertNamed(error);
                }
            }

            if (!PayloadDecoder.TryDecodeEvent(input, Now, ValidationOptions.Default, out _, out var e))
            {
                AssertNamed(e);
            }

            if (!PayloadDecoder.TryDecodeStatus(input, Now, ValidationOptions.Default, out _, out var s))
            {
                AssertNamed(s);
            }

            if (!PayloadDecoder.TryDecodeCommandAck(input, Now, ValidationOptions.Default, out _, out var a))
            {
                AssertNamed(a);
            }
        }

        Assert.True(refused > 6000, $"only {refused} refusals: the mutations are not reaching the decoder");
    }

    private static void AssertNamed(ValidationError error)
    {
        Assert.NotEqual(RejectReason.None, error.Reason);
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
    }
}
