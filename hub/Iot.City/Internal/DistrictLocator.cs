using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Iot.City.Internal;

/// <summary>Finds the district of a commune whose area covers a point: the first one in file order, edges included.</summary>
internal sealed class DistrictLocator
{
    private readonly Dictionary<string, List<(District District, IPreparedGeometry Area)>> _byCommune = new(StringComparer.Ordinal);

    public DistrictLocator(IEnumerable<District> districts)
    {
        foreach (var district in districts.Where(d => !d.Area.IsEmpty))
        {
            if (!_byCommune.TryGetValue(district.CommuneId, out var list))
            {
                _byCommune[district.CommuneId] = list = [];
            }

            list.Add((district, PreparedGeometryFactory.Prepare(district.Area)));
        }
    }

    public District? Locate(string communeId, Point location)
    {
        if (_byCommune.TryGetValue(communeId, out var list))
        {
            foreach (var (district, area) in list)
            {
                if (area.Covers(location))
                {
                    return district;
                }
            }
        }

        return null;
    }
}
