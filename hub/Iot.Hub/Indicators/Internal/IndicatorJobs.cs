using System.Globalization;
using Iot.Hub.Indicators.Reports;
using Microsoft.Extensions.Options;
using Quartz;

namespace Iot.Hub.Indicators.Internal;

/// <summary>
/// The nightly roll-up of one commune: yesterday is computed again (replacing it), and any missing day of the last
/// <c>Indicators:CatchUpDays</c> is computed (a hub that was down at night catches up). Also fired once at start.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class IndicatorRollupJob(IndicatorService indicators, IOptions<IndicatorsOptions> options, ILogger<IndicatorRollupJob> logger) : IJob
{
    public const string CommuneKey = "commune";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var commune = indicators.FindCommune(context.MergedJobDataMap.GetString(CommuneKey));
        if (commune is null)
        {
            return;
        }

        try
        {
            var today = indicators.Today(commune);
            await indicators.RollUpAsync(commune, today.AddDays(-1), today, replace: true, cancellationToken);
            var first = await indicators.FirstRecordedDayAsync(commune, cancellationToken) ?? today;
            var from = today.AddDays(-options.Value.CatchUpDays);
            var computed = await indicators.RollUpAsync(commune, first > from ? first : from, today, replace: false, cancellationToken);
            IndicatorsLog.RolledUp(logger, commune.Id, today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), computed + 1);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            IndicatorsLog.RollupFailed(logger, commune.Id, exception);
        }
    }
}

/// <summary>On the 1st of the month: every report (PDF and CSV, per commune and per operator) of the previous month.</summary>
[DisallowConcurrentExecution]
internal sealed class MonthlyReportJob(IndicatorService indicators, MonthlyReports reports, ILogger<MonthlyReportJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var commune = indicators.FindCommune(context.MergedJobDataMap.GetString(IndicatorRollupJob.CommuneKey));
        if (commune is null)
        {
            return;
        }

        var today = indicators.Today(commune);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        try
        {
            await reports.WriteMonthAsync(month, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            IndicatorsLog.ReportsFailed(logger, month.ToString("yyyy-MM", CultureInfo.InvariantCulture), exception);
        }
    }
}

/// <summary>Schedules the jobs per commune in its time zone (Quartz cron triggers) when the hub starts.</summary>
internal sealed class IndicatorSchedule(ISchedulerFactory factory, IndicatorService indicators, IOptions<IndicatorsOptions> options) : IHostedService
{
    public const string Group = "indicators";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var commune in indicators.City.Communes)
        {
            var zone = IndicatorService.ZoneOf(commune);
            var rollup = JobBuilder.Create<IndicatorRollupJob>().WithIdentity($"rollup:{commune.Id}", Group)
                .UsingJobData(IndicatorRollupJob.CommuneKey, commune.Id).StoreDurably().Build();
            var nightly = TriggerBuilder.Create().WithIdentity($"rollup:{commune.Id}", Group)
                .WithCronSchedule(string.Create(CultureInfo.InvariantCulture, $"0 5 {options.Value.RollupHour} * * ?"), cron => cron.InTimeZone(zone)).Build();
            var atStart = TriggerBuilder.Create().WithIdentity($"rollup-start:{commune.Id}", Group).ForJob(rollup).StartNow().Build();
            await scheduler.ScheduleJob(rollup, [nightly, atStart], new ScheduleJobOptions { Replace = true }, cancellationToken);

            var report = JobBuilder.Create<MonthlyReportJob>().WithIdentity($"reports:{commune.Id}", Group)
                .UsingJobData(IndicatorRollupJob.CommuneKey, commune.Id).Build();
            var monthly = TriggerBuilder.Create().WithIdentity($"reports:{commune.Id}", Group)
                .WithCronSchedule(string.Create(CultureInfo.InvariantCulture, $"0 0 {options.Value.ReportHour} 1 * ?"), cron => cron.InTimeZone(zone)).Build();
            await scheduler.ScheduleJob(report, [monthly], new ScheduleJobOptions { Replace = true }, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
