using Iot.Simulators;

return args switch
{
    ["agent", .. var rest] => await AgentSimulator.RunAsync(rest),
    ["fleet", .. var rest] => await FleetCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(AgentSimulatorOptions.Usage);
    Console.Error.WriteLine(FleetCommandOptions.Usage);
    return 2;
}
