using Xunit;

namespace Iot.City.Tests.Model;

/// <summary>The names pages, exports and reports show for a district or operator id.</summary>
public sealed class CityModelNameTests
{
    private static readonly CityModel City = TestCities.Load(TestCities.Mini);

    [Fact]
    public void DistrictName_KnownId_IsTheDistrictsName() => Assert.Equal("Sud", City.DistrictName("D-S"));

    [Fact]
    public void DistrictName_UnknownId_IsTheIdItself() => Assert.Equal("D-GONE", City.DistrictName("D-GONE"));

    [Fact]
    public void DistrictName_NoId_IsNull() => Assert.Null(City.DistrictName(null));

    [Fact]
    public void OperatorName_KnownId_IsTheOperatorsName() => Assert.Equal("Bus Co", City.OperatorName("OP-BUS"));

    [Fact]
    public void OperatorName_UnknownId_IsTheIdItself() => Assert.Equal("OP-GONE", City.OperatorName("OP-GONE"));

    [Fact]
    public void OperatorName_NoId_IsNull() => Assert.Null(City.OperatorName(null));
}
