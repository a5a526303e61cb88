using Iot.Contracts;
using Iot.Dashboard.Formatting;
using Iot.Dashboard.Tickets;

namespace Iot.Dashboard.Tests.Formatting;

public sealed class SlaCountdownTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 23, 21, 0, 0, TimeSpan.Zero);

    internal static TicketRow Ticket(TicketState state, TimeSpan? ackIn, TimeSpan? repairIn, long id = 7) => new(
        id, state, "lamp_fault", "medium", ServiceKind.Streetlight, "LAMP-001-01", "demo", "D-01", "Lamp out", "OP-LIGHT", null,
        Now.AddHours(-1), null, null, ackIn is { } a ? Now + a : null, repairIn is { } r ? Now + r : null, null);

    private static string Format(TimeSpan span) =>
        SlaCountdown.FormatSpan(span, (key, args) => key + ":" + string.Join(',', args));

    [Fact]
    public void OpenTicket_RunsAgainstTheAcknowledgeDeadline()
    {
        var countdown = SlaCountdown.Of(Ticket(TicketState.Open, TimeSpan.FromMinutes(65), TimeSpan.FromHours(8)), Now);

        Assert.Equal(SlaDeadline.Acknowledge, countdown.Deadline);
        Assert.Equal(TimeSpan.FromMinutes(65), countdown.Left);
        Assert.False(countdown.Overdue);
    }

    [Fact]
    public void AcknowledgedTicket_RunsAgainstTheRepairDeadline_AndIsOverdueOncePast()
    {
        var countdown = SlaCountdown.Of(Ticket(TicketState.Acknowledged, TimeSpan.FromMinutes(-30), TimeSpan.FromMinutes(-12)), Now);

        Assert.Equal(SlaDeadline.Repair, countdown.Deadline);
        Assert.True(countdown.Overdue);
        Assert.Equal("SpanMinutes:12", Format(countdown.Left));
    }

    [Theory]
    [InlineData(TicketState.Resolved)]
    [InlineData(TicketState.Closed)]
    public void ResolvedOrClosed_HasNoClock(TicketState state) =>
        Assert.Equal(SlaDeadline.None, SlaCountdown.Of(Ticket(state, TimeSpan.FromMinutes(-30), TimeSpan.FromMinutes(-12)), Now).Deadline);

    [Fact]
    public void OpenTicketWithoutAnAckTerm_RunsAgainstRepair_AndWithoutAnyTermHasNoClock()
    {
        Assert.Equal(SlaDeadline.Repair, SlaCountdown.Of(Ticket(TicketState.Open, null, TimeSpan.FromHours(2)), Now).Deadline);
        Assert.Equal(SlaDeadline.None, SlaCountdown.Of(Ticket(TicketState.Open, null, null), Now).Deadline);
    }

    [Theory]
    [InlineData(20, "SpanMinutes:1")]          // under a minute counts as one, never "0 min"
    [InlineData(59 * 60, "SpanMinutes:59")]
    [InlineData(65 * 60, "SpanHours:1,5")]
    [InlineData(26 * 3600 + 10 * 60, "SpanDays:1,2")]
    [InlineData(-(3 * 3600), "SpanHours:3,0")]  // overdue: the same magnitude
    public void FormatSpan_IsCoarseAndReadable(int seconds, string expected) =>
        Assert.Equal(expected, Format(TimeSpan.FromSeconds(seconds)));
}
