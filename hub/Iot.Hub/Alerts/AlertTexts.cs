namespace Iot.Hub.Alerts;

/// <summary>
/// The alert texts in fr, ar and en (a resource class: every visible string of an alert is here). Subjects take
/// {0} = ticket id, {1} = severity, {2} = summary.
/// </summary>
public sealed record AlertTexts(
    string Language,
    IReadOnlyDictionary<string, string> Subjects,
    IReadOnlyDictionary<string, string> Intros,
    IReadOnlyDictionary<string, string> Severities,
    string Ticket,
    string Severity,
    string Rule,
    string Device,
    string Summary,
    string Opened,
    string AckDue,
    string RepairDue,
    string Link,
    string None)
{
    public static AlertTexts French { get; } = new(
        "fr",
        new Dictionary<string, string>
        {
            [AlertEvents.Opened] = "[{1}] Ticket n° {0} ouvert : {2}",
            [AlertEvents.Reopened] = "[{1}] Ticket n° {0} rouvert : {2}",
            [AlertEvents.Resolved] = "Ticket n° {0} résolu : {2}",
            [AlertEvents.Reminder50] = "Rappel : ticket n° {0} non acquitté, la moitié du délai est écoulée",
            [AlertEvents.Reminder100] = "Rappel : le délai d'acquittement du ticket n° {0} est atteint",
            [AlertEvents.AckBreach] = "Escalade : ticket n° {0} non acquitté dans le délai",
            [AlertEvents.RepairBreach] = "Escalade : ticket n° {0} non réparé dans le délai",
        },
        new Dictionary<string, string>
        {
            [AlertEvents.Opened] = "Un nouveau ticket vous a été attribué.",
            [AlertEvents.Reopened] = "Le problème est réapparu : le ticket est rouvert.",
            [AlertEvents.Resolved] = "Le ticket est résolu.",
            [AlertEvents.Reminder50] = "La moitié du délai d'acquittement est écoulée et le ticket n'est pas acquitté.",
            [AlertEvents.Reminder100] = "Le délai d'acquittement est atteint et le ticket n'est pas acquitté.",
            [AlertEvents.AckBreach] = "Le délai d'acquittement contractuel est dépassé.",
            [AlertEvents.RepairBreach] = "Le délai de réparation contractuel est dépassé.",
        },
        new Dictionary<string, string> { ["low"] = "faible", ["medium"] = "moyenne", ["high"] = "élevée", ["critical"] = "critique" },
        "Ticket", "Gravité", "Règle", "Équipement", "Résumé", "Ouvert le", "À acquitter avant", "À réparer avant", "Lien", "—");

    public static AlertTexts Arabic { get; } = new(
        "ar",
        new Dictionary<string, string>
        {
            [AlertEvents.Opened] = "[{1}] تم فتح التذكرة رقم {0}: {2}",
            [AlertEvents.Reopened] = "[{1}] أعيد فتح التذكرة رقم {0}: {2}",
            [AlertEvents.Resolved] = "تم حل التذكرة رقم {0}: {2}",
            [AlertEvents.Reminder50] = "تذكير: لم يتم الإقرار بالتذكرة رقم {0} وقد انقضى نصف المهلة",
            [AlertEvents.Reminder100] = "تذكير: انتهت مهلة الإقرار بالتذكرة رقم {0}",
            [AlertEvents.AckBreach] = "تصعيد: لم يتم الإقرار بالتذكرة رقم {0} في المهلة المحددة",
            [AlertEvents.RepairBreach] = "تصعيد: لم يتم إصلاح العطل في التذكرة رقم {0} في المهلة المحددة",
        },
        new Dictionary<string, string>
        {
            [AlertEvents.Opened] = "تم إسناد تذكرة جديدة إليكم.",
            [AlertEvents.Reopened] = "عاد العطل للظهور: أعيد فتح التذكرة.",
            [AlertEvents.Resolved] = "تم حل التذكرة.",
            [AlertEvents.Reminder50] = "انقضى نصف مهلة الإقرار ولم يتم الإقرار بالتذكرة.",
            [AlertEvents.Reminder100] = "انتهت مهلة الإقرار ولم يتم الإقرار بالتذكرة.",
            [AlertEvents.AckBreach] = "تم تجاوز مهلة الإقرار التعاقدية.",
            [AlertEvents.RepairBreach] = "تم تجاوز مهلة الإصلاح التعاقدية.",
        },
        new Dictionary<string, string> { ["low"] = "منخفضة", ["medium"] = "متوسطة", ["high"] = "عالية", ["critical"] = "حرجة" },
        "التذكرة", "الخطورة", "القاعدة", "الجهاز", "الملخص", "فتحت في", "الإقرار قبل", "الإصلاح قبل", "الرابط", "—");

    public static AlertTexts English { get; } = new(
        "en",
        new Dictionary<string, string>
        {
            [AlertEvents.Opened] = "[{1}] Ticket #{0} opened: {2}",
            [AlertEvents.Reopened] = "[{1}] Ticket #{0} reopened: {2}",
            [AlertEvents.Resolved] = "Ticket #{0} resolved: {2}",
            [AlertEvents.Reminder50] = "Reminder: ticket #{0} not acknowledged, half of the time has gone",
            [AlertEvents.Reminder100] = "Reminder: the acknowledge deadline of ticket #{0} is reached",
            [AlertEvents.AckBreach] = "Escalation: ticket #{0} not acknowledged in time",
            [AlertEvents.RepairBreach] = "Escalation: ticket #{0} not repaired in time",
        },
        new Dictionary<string, string>
        {
            [AlertEvents.Opened] = "A new ticket was assigned to you.",
            [AlertEvents.Reopened] = "The problem came back: the ticket is reopened.",
            [AlertEvents.Resolved] = "The ticket is resolved.",
            [AlertEvents.Reminder50] = "Half of the acknowledge time has gone and the ticket is not acknowledged.",
            [AlertEvents.Reminder100] = "The acknowledge deadline is reached and the ticket is not acknowledged.",
            [AlertEvents.AckBreach] = "The contractual acknowledge deadline has passed.",
            [AlertEvents.RepairBreach] = "The contractual repair deadline has passed.",
        },
        new Dictionary<string, string> { ["low"] = "low", ["medium"] = "medium", ["high"] = "high", ["critical"] = "critical" },
        "Ticket", "Severity", "Rule", "Device", "Summary", "Opened", "Acknowledge by", "Repair by", "Link", "—");

    /// <summary>The texts of a language (fr, ar, en); English for anything else.</summary>
    public static AlertTexts For(string? language) => language switch
    {
        "fr" => French,
        "ar" => Arabic,
        _ => English,
    };

    public string SeverityName(string severity) => Severities.TryGetValue(severity, out var name) ? name : severity;
}
