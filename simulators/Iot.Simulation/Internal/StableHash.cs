namespace Iot.Simulation.Internal;

/// <summary>FNV-1a over a string: the same in every process (string.GetHashCode is randomised per process).</summary>
internal static class StableHash
{
    public static int Of(string text, int seed)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
