using Iot.Simulators;

return args switch
{
    ["agent", .. var rest] => await AgentSimulator.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(AgentSimulatorOptions.Usage);
    return 2;
}
