namespace Iot.City.Internal;

/// <summary>Structural equality for the collections inside the city records.</summary>
internal static class ValueEquality
{
    public static bool Lists<T>(IReadOnlyList<T> left, IReadOnlyList<T> right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Count; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Dictionaries(IReadOnlyDictionary<string, double> left, IReadOnlyDictionary<string, double> right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !value.Equals(other))
            {
                return false;
            }
        }

        return true;
    }
}
