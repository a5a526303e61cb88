using Iot.Contracts;
using Iot.Hub.Tickets;

namespace Iot.Hub.Tests.Tickets;

public sealed class TicketServiceTests
{
    [Fact]
    public async Task Repeated_raises_open_one_ticket_routed_with_SLA_deadlines()
    {
        await using var h = await TicketServiceHarness.StartAsync();
        var opened = h.Now;
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-01", opened));
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-01", h.Now));
        await h.FlushAsync();

        var ticket = Assert.Single(await h.AllAsync());
        Assert.Equal((TicketStatus.Open, "OP-LIGHT", "CT-STREETLIGHT", false), (ticket.Status, ticket.OperatorId, ticket.ContractId, ticket.Unrouted));
        Assert.Equal("D-01", ticket.DistrictId);
        Assert.Equal(opened, ticket.OpenedAt);
        Assert.Equal(opened + (long)TimeSpan.FromHours(1).TotalMilliseconds, ticket.AckDueAt); // high: acknowledge PT1H
        Assert.Equal(opened + (long)TimeSpan.FromDays(1).TotalMilliseconds, ticket.RepairDueAt); // high: repair P1D
        Assert.Equal(TicketChangeKind.Opened, Assert.Single(h.Changes).Kind);
    }

    [Fact]
    public async Task A_place_outside_every_contract_zone_goes_to_the_commune_queue_flagged()
    {
        await using var h = await TicketServiceHarness.StartAsync();
        h.Service.Raise(new ProblemSignal("bin_fire:X", RuleNames.BinFire, ServiceKind.Wastebin, "critical", "X", null, "demo", 2.35, 48.85, "far away", null, h.Now));
        await h.FlushAsync();

        var ticket = Assert.Single(await h.AllAsync());
        Assert.True(ticket.Unrouted);
        Assert.Null(ticket.OperatorId);
        Assert.Null(ticket.AckDueAt);
    }

    [Fact]
    public async Task Clear_resolves_only_after_the_hold_down_and_a_raise_during_it_cancels()
    {
        await using var h = await TicketServiceHarness.StartAsync();
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-02", h.Now));
        await h.FlushAsync();
        h.Service.Clear("lamp_fault:LAMP-001-02", h.Now);
        await h.AdvanceAsync(TimeSpan.FromSeconds(299));
        Assert.Equal(TicketStatus.Open, Assert.Single(await h.AllAsync()).Status);

        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-02", h.Now)); // back before the hold-down ended
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TicketStatus.Open, Assert.Single(await h.AllAsync()).Status);

        var clearedAt = h.Now;
        h.Service.Clear("lamp_fault:LAMP-001-02", clearedAt);
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(299_999));
        Assert.Equal(TicketStatus.Open, Assert.Single(await h.AllAsync()).Status);
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        var resolved = Assert.Single(await h.AllAsync());
        Assert.Equal((TicketStatus.Resolved, "auto", clearedAt + 300_000), (resolved.Status, resolved.Resolution, resolved.ResolvedAt));
    }

    [Fact]
    public async Task A_problem_back_within_the_flap_window_reopens_the_same_ticket_and_counts_flaps()
    {
        await using var h = await TicketServiceHarness.StartAsync(new TicketOptions { HoldDownSeconds = 60, FlapWindowSeconds = 600 });
        for (var i = 0; i < 3; i++)
        {
            h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-03", h.Now));
            await h.FlushAsync();
            h.Service.Clear("lamp_fault:LAMP-001-03", h.Now);
            await h.AdvanceAsync(TimeSpan.FromSeconds(61));
            await h.AdvanceAsync(TimeSpan.FromSeconds(100));
        }

        var ticket = Assert.Single(await h.AllAsync());
        Assert.Equal((TicketStatus.Resolved, 2), (ticket.Status, ticket.Flaps));
        Assert.Equal(2, h.Changes.Count(c => c.Kind == TicketChangeKind.Reopened));
        var audit = await h.Store.AuditAsync(ticket.Id, CancellationToken.None);
        Assert.Equal(["opened", "resolved", "reopened", "resolved", "reopened", "resolved"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task After_the_flap_window_a_new_ticket_is_opened()
    {
        await using var h = await TicketServiceHarness.StartAsync(new TicketOptions { HoldDownSeconds = 60, FlapWindowSeconds = 600 });
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-04", h.Now));
        await h.FlushAsync();
        h.Service.Clear("lamp_fault:LAMP-001-04", h.Now);
        await h.AdvanceAsync(TimeSpan.FromSeconds(60));
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(600_001));
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-04", h.Now));
        await h.FlushAsync();

        var tickets = await h.AllAsync();
        Assert.Equal(2, tickets.Count);
        Assert.Equal([TicketStatus.Open, TicketStatus.Resolved], tickets.Select(t => t.Status));
        Assert.All(tickets, t => Assert.Equal(0, t.Flaps));
    }

    [Fact]
    public async Task Children_are_linked_to_their_group_not_alerted_alone_and_resolved_with_it()
    {
        await using var h = await TicketServiceHarness.StartAsync(new TicketOptions { HoldDownSeconds = 60 });
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-05", h.Now)); // a lamp first, before the cabinet is known to fail
        await h.FlushAsync();
        h.Service.Raise(TicketServiceHarness.Cabinet("CAB-001", h.Now));
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-05", h.Now, parentKey: "cabinet_supply_loss:CAB-001"));
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-001-06", h.Now, parentKey: "cabinet_supply_loss:CAB-001"));
        await h.FlushAsync();

        var tickets = await h.AllAsync();
        var cabinet = tickets.Single(t => t.Rule == RuleNames.CabinetSupplyLoss);
        Assert.Equal(3, tickets.Count);
        Assert.All(tickets.Where(t => t.Id != cabinet.Id), t => Assert.Equal(cabinet.Id, t.ParentId));
        Assert.Equal([TicketChangeKind.Opened, TicketChangeKind.Opened, TicketChangeKind.Linked, TicketChangeKind.Linked], h.Changes.Select(c => c.Kind));

        // Supply back: the lamps clear; the cabinet resolves after its hold-down and takes the cleared lamps with it.
        h.Service.Clear("lamp_fault:LAMP-001-05", h.Now);
        h.Service.Clear("lamp_fault:LAMP-001-06", h.Now);
        h.Service.Clear("cabinet_supply_loss:CAB-001", h.Now);
        await h.AdvanceAsync(TimeSpan.FromSeconds(60));
        Assert.All(await h.AllAsync(), t => Assert.Equal(TicketStatus.Resolved, t.Status));
        Assert.Equal(cabinet.Id, (await h.Store.ChildrenAsync(cabinet.Id, CancellationToken.None)).Select(c => c.ParentId!.Value).Distinct().Single());
    }

    [Fact]
    public async Task Status_machine_accepts_open_ack_resolve_close_and_refuses_the_rest()
    {
        await using var h = await TicketServiceHarness.StartAsync();
        var ticket = await h.Service.OpenManualAsync(new ManualTicket("wastebin", "medium", "Bin lid broken", DeviceId: "BIN-0001"), "alice", CancellationToken.None);
        Assert.Equal(("OP-WASTE", RuleNames.Manual), (ticket.OperatorId, ticket.Rule));

        await Assert.ThrowsAsync<TicketConflictException>(() => h.Service.CloseAsync(ticket.Id, "bob", null, CancellationToken.None));
        await h.Service.AcknowledgeAsync(ticket.Id, "bob", CancellationToken.None);
        await Assert.ThrowsAsync<TicketConflictException>(() => h.Service.AcknowledgeAsync(ticket.Id, "bob", CancellationToken.None));
        await h.Service.CommentAsync(ticket.Id, "bob", "crew on the way", CancellationToken.None);
        await h.Service.ResolveAsync(ticket.Id, "bob", "lid replaced", CancellationToken.None);
        var closed = await h.Service.CloseAsync(ticket.Id, "alice", null, CancellationToken.None);
        await Assert.ThrowsAsync<TicketNotFoundException>(() => h.Service.AcknowledgeAsync(999_999, "bob", CancellationToken.None));

        Assert.Equal((TicketStatus.Closed, "manual"), (closed.Status, closed.Resolution));
        var audit = await h.Store.AuditAsync(ticket.Id, CancellationToken.None);
        Assert.Equal([("alice", "opened"), ("bob", "acknowledged"), ("bob", "commented"), ("bob", "resolved"), ("alice", "closed")], audit.Select(a => (a.Actor, a.Action)));
        Assert.Equal("lid replaced", audit.Single(a => a.Action == "resolved").Detail);
    }

    [Fact]
    public async Task Manual_requests_with_a_bad_field_name_it()
    {
        await using var h = await TicketServiceHarness.StartAsync();
        var bad = await Assert.ThrowsAsync<TicketRequestException>(() => h.Service.OpenManualAsync(new ManualTicket("lighting", "high", "x"), "a", CancellationToken.None));
        Assert.Equal("service", bad.Field);
        bad = await Assert.ThrowsAsync<TicketRequestException>(() => h.Service.OpenManualAsync(new ManualTicket("bus", "urgent", "x"), "a", CancellationToken.None));
        Assert.Equal("severity", bad.Field);
        bad = await Assert.ThrowsAsync<TicketRequestException>(() => h.Service.OpenManualAsync(new ManualTicket("bus", "high", "x", DeviceId: "NOPE"), "a", CancellationToken.None));
        Assert.Equal("deviceId", bad.Field);
        Assert.Empty(await h.AllAsync());
    }

    [Fact]
    public async Task A_restart_keeps_tickets_dedups_across_it_and_resumes_the_hold_down_at_its_original_end()
    {
        await using var h = await TicketServiceHarness.StartAsync();
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-002-01", h.Now));
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-002-02", h.Now));
        await h.FlushAsync();
        var clearedAt = h.Now;
        h.Service.Clear("lamp_fault:LAMP-002-01", clearedAt);
        await h.AdvanceAsync(TimeSpan.FromSeconds(100));

        await h.RestartAsync();
        h.Service.Raise(TicketServiceHarness.Lamp("LAMP-002-02", h.Now)); // still failing: no duplicate
        await h.FlushAsync();
        Assert.Equal(2, (await h.AllAsync()).Count);

        await h.AdvanceAsync(TimeSpan.FromSeconds(199));
        Assert.All(await h.AllAsync(), t => Assert.Equal(TicketStatus.Open, t.Status));
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        var first = (await h.AllAsync()).Single(t => t.DeviceId == "LAMP-002-01");
        Assert.Equal((TicketStatus.Resolved, clearedAt + 300_000), (first.Status, first.ResolvedAt));
    }
}
