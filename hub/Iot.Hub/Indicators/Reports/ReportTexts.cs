using Iot.City;

namespace Iot.Hub.Indicators.Reports;

/// <summary>The words of the monthly reports in fr (default), en and ar; indicator names by id.</summary>
internal static class ReportTexts
{
    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new(StringComparer.Ordinal)
    {
        ["fr"] = new(StringComparer.Ordinal)
        {
            ["title"] = "Rapport mensuel de qualité de service",
            ["commune"] = "Commune",
            ["operator"] = "Exploitant",
            ["period"] = "Période",
            ["generated"] = "Généré le",
            ["indicator"] = "Indicateur",
            ["value"] = "Valeur",
            ["target"] = "Objectif",
            ["basis"] = "Numérateur / dénominateur",
            ["coverage"] = "Couverture",
            ["noData"] = "pas de données",
            ["dailyAvailability"] = "Disponibilité par jour",
            ["againstTarget"] = "Indicateurs (taux) et objectifs",
            ["byDistrict"] = "Par quartier",
            ["district"] = "Quartier",
            [KpiTargets.Availability] = "Disponibilité",
            [KpiTargets.FaultRate] = "Taux de pannes (/100 équipements)",
            [KpiTargets.Mtta] = "Délai moyen de prise en charge (h)",
            [KpiTargets.Mttr] = "Délai moyen de réparation (h)",
            [KpiTargets.AckWithinSla] = "Prises en charge dans les délais",
            [KpiTargets.RepairWithinSla] = "Réparations dans les délais",
            [KpiTargets.BinOverflowRate] = "Taux de débordement des bacs",
            [KpiTargets.FleetAvailability] = "Disponibilité de la flotte de bus",
            [KpiTargets.ServiceInterruptions] = "Interruptions de service",
            [KpiTargets.CitizenReports] = "Signalements citoyens reçus",
            [KpiTargets.Satisfaction] = "Satisfaction (1-5)",
        },
        ["en"] = new(StringComparer.Ordinal)
        {
            ["title"] = "Monthly service-quality report",
            ["commune"] = "Commune",
            ["operator"] = "Operator",
            ["period"] = "Period",
            ["generated"] = "Generated",
            ["indicator"] = "Indicator",
            ["value"] = "Value",
            ["target"] = "Target",
            ["basis"] = "Numerator / denominator",
            ["coverage"] = "Coverage",
            ["noData"] = "no data",
            ["dailyAvailability"] = "Availability by day",
            ["againstTarget"] = "Indicators (ratios) and targets",
            ["byDistrict"] = "By district",
            ["district"] = "District",
            [KpiTargets.Availability] = "Availability",
            [KpiTargets.FaultRate] = "Fault rate (/100 assets)",
            [KpiTargets.Mtta] = "Mean time to acknowledge (h)",
            [KpiTargets.Mttr] = "Mean time to repair (h)",
            [KpiTargets.AckWithinSla] = "Acknowledged within SLA",
            [KpiTargets.RepairWithinSla] = "Repaired within SLA",
            [KpiTargets.BinOverflowRate] = "Bin overflow rate",
            [KpiTargets.FleetAvailability] = "Bus fleet availability",
            [KpiTargets.ServiceInterruptions] = "Service interruptions",
            [KpiTargets.CitizenReports] = "Citizen reports received",
            [KpiTargets.Satisfaction] = "Satisfaction (1-5)",
        },
        ["ar"] = new(StringComparer.Ordinal)
        {
            ["title"] = "التقرير الشهري لجودة الخدمة",
            ["commune"] = "البلدية",
            ["operator"] = "المشغل",
            ["period"] = "الفترة",
            ["generated"] = "أُنشئ في",
            ["indicator"] = "المؤشر",
            ["value"] = "القيمة",
            ["target"] = "الهدف",
            ["basis"] = "البسط / المقام",
            ["coverage"] = "التغطية",
            ["noData"] = "لا بيانات",
            ["dailyAvailability"] = "التوفر حسب اليوم",
            ["againstTarget"] = "المؤشرات (نسب) والأهداف",
            ["byDistrict"] = "حسب الحي",
            ["district"] = "الحي",
            [KpiTargets.Availability] = "التوفر",
            [KpiTargets.FaultRate] = "معدل الأعطال (/100 جهاز)",
            [KpiTargets.Mtta] = "متوسط وقت الإقرار (ساعة)",
            [KpiTargets.Mttr] = "متوسط وقت الإصلاح (ساعة)",
            [KpiTargets.AckWithinSla] = "الإقرار ضمن المهلة",
            [KpiTargets.RepairWithinSla] = "الإصلاح ضمن المهلة",
            [KpiTargets.BinOverflowRate] = "معدل امتلاء الحاويات",
            [KpiTargets.FleetAvailability] = "توفر أسطول الحافلات",
            [KpiTargets.ServiceInterruptions] = "انقطاعات الخدمة",
            [KpiTargets.CitizenReports] = "بلاغات المواطنين",
            [KpiTargets.Satisfaction] = "الرضا (1-5)",
        },
    };

    public static IReadOnlyDictionary<string, string> For(string language) =>
        Texts.TryGetValue(language, out var texts) ? texts : Texts[Commune.DefaultLanguage];
}
