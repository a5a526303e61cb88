using Xunit;

namespace Iot.City.Tests;

/// <summary>
/// The shipped <c>cities/demo.city.json</c> is the Demo preset written out. After changing the generator or the writer,
/// regenerate it with <c>IOT_REGENERATE_CITY=1 dotnet test tests/Iot.City.Tests</c> and commit the file.
/// </summary>
public class DemoCityFileTests
{
    private const string RegenerateVariable = "IOT_REGENERATE_CITY";

    [Fact]
    public void DemoCityFile_IsUpToDate()
    {
        var path = DemoCityPath();
        var expected = TestCities.WriteToBytes(CityGenerator.Generate(CityGeneratorOptions.Demo));
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            var changed = !File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(expected);
            if (changed)
            {
                File.WriteAllBytes(path, expected);
                Assert.Fail($"{path} was regenerated; run the tests again without {RegenerateVariable} and commit the file.");
            }
        }

        Assert.True(File.Exists(path), $"{path} is missing. Regenerate it: {RegenerateVariable}=1 dotnet test tests/Iot.City.Tests");
        Assert.True(
            File.ReadAllBytes(path).AsSpan().SequenceEqual(expected),
            $"{path} differs from what CityGenerator makes from CityGeneratorOptions.Demo. "
            + $"Regenerate it: {RegenerateVariable}=1 dotnet test tests/Iot.City.Tests, then commit it.");
    }

    [Fact]
    public void DemoCityFile_Loads()
    {
        var city = CityLoader.Load(DemoCityPath());

        Assert.Equal("Demo-sur-Mer", Assert.Single(city.Communes).Name);
        Assert.Equal(2505, city.Assets.Count);
        Assert.Equal(CityGenerator.Generate(CityGeneratorOptions.Demo), city);
    }

    /// <summary>cities/demo.city.json in the repository this test was built from.</summary>
    private static string DemoCityPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(directory.FullName, "cities")))
            {
                return Path.Combine(directory.FullName, "cities", CityGenerator.DemoCityFileName);
            }
        }

        throw new InvalidOperationException($"No repository with a cities/ folder above {AppContext.BaseDirectory}.");
    }
}
