using Iot.City;

namespace Iot.Dashboard.Live;

/// <summary>
/// The hub's in-memory picture as the dashboard reads it. The hub implements this over its live state and tickets;
/// every member must be cheap and must not touch a database (it is read several times a second).
/// </summary>
public interface ILiveAssetSource
{
    /// <summary>The loaded city: assets (in this order everywhere), districts and streets for the base map.</summary>
    CityModel City { get; }

    /// <summary>Writes the current state of <c>City.Assets[i]</c> into <paramref name="states"/>[i].</summary>
    void ReadStates(Span<AssetState> states);

    /// <summary>The live details of one asset, or null when the id is not in the city.</summary>
    AssetDetails? Describe(string assetId);

    /// <summary>
    /// The operator <c>City.Assets[assetIndex]</c> belongs to today (the operator of the contract that covers it), or null
    /// when none does. The map shows an operator user only its own operator's assets (<see cref="Iot.Access.HubAccess.MaySeeOperator"/>).
    /// </summary>
    string? OperatorOf(int assetIndex);
}
