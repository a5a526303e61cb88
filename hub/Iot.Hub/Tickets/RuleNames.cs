namespace Iot.Hub.Tickets;

/// <summary>The rules' wire names, as they appear in tickets, the API and alerts.</summary>
public static class RuleNames
{
    public const string CommLost = "comm_lost";
    public const string DeviceSilent = "device_silent";
    public const string LampOutAtNight = "lamp_out_at_night";
    public const string LampLowPower = "lamp_low_power";
    public const string DayBurning = "day_burning";
    public const string LampFault = "lamp_fault";
    public const string CabinetSupplyLoss = "cabinet_supply_loss";
    public const string BinCollection = "bin_collection";
    public const string BinOverflow = "bin_overflow";
    public const string BinFire = "bin_fire";
    public const string BinDamaged = "bin_damaged";
    public const string LowBattery = "low_battery";
    public const string BusSilent = "bus_silent";
    public const string BusBroken = "bus_broken";
    public const string BusBreakdown = "bus_breakdown";
    public const string BusOffRoute = "bus_off_route";
    public const string RouteInterruption = "route_interruption";
    public const string Manual = "manual";
}
