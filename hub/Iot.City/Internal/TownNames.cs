namespace Iot.City.Internal;

/// <summary>Place names for generated towns, in the style of a French Riviera commune.</summary>
internal static class TownNames
{
    private static readonly string[] StreetKinds = ["Rue", "Avenue", "Boulevard", "Chemin", "Allée"];

    private static readonly string[] StreetNames =
    [
        "des Oliviers", "Jean Jaurès", "de la Mer", "Victor Hugo", "des Pins", "Pasteur", "du Port", "des Mimosas",
        "Gambetta", "de la République", "des Orangers", "Carnot", "de la Gare", "des Lauriers", "Jean Moulin",
        "du Château", "des Palmiers", "Frédéric Mistral", "de l'Église", "des Pêcheurs", "Marie Curie", "du Marché",
        "des Jasmins", "Émile Zola", "de la Fontaine", "des Vignes", "Paul Cézanne", "du Moulin", "des Roses", "Garibaldi",
    ];

    private static readonly string[] DistrictNames =
    [
        "Saint-Roch", "Les Oliviers", "La Madeleine", "Beausoleil", "Les Pins", "Les Moulins", "Le Ray", "Les Baumettes",
        "Cimiez", "La Californie", "Les Vignes", "Le Vallon", "Les Mimosas", "Bellevue", "Les Sources", "Le Moulin Vieux",
    ];

    private static readonly string[] Termini =
    [
        "Gare", "Plage", "Hôpital", "Université", "Port", "Stade", "Lycée", "Zone artisanale", "Cimetière", "Parc des Sports",
        "Mairie", "Marché", "Piscine", "Collège", "Aéroport", "Thermes",
    ];

    /// <summary>Distinct street names in a seeded order; past the combinations, a number tells streets apart.</summary>
    public static List<string> Streets(int count, Random random)
    {
        var all = StreetKinds.SelectMany(kind => StreetNames.Select(name => $"{kind} {name}")).ToArray();
        random.Shuffle(all);
        return Enumerable.Range(0, count)
            .Select(i => i < all.Length ? all[i] : $"{all[i % all.Length]} {(i / all.Length) + 1}")
            .ToList();
    }

    public static string District(int index) =>
        index < DistrictNames.Length ? DistrictNames[index] : $"Quartier {index + 1}";

    public static string Terminus(int index) => Termini[index % Termini.Length];

    public static string Numbered(string prefix, int number, int minimumDigits, int count) =>
        prefix + number.ToString("D" + Math.Max(minimumDigits, Digits(count)), System.Globalization.CultureInfo.InvariantCulture);

    private static int Digits(int value) => value < 10 ? 1 : 1 + Digits(value / 10);
}
