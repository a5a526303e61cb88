using Iot.Simulators;

return args switch
{
    ["agent", .. var rest] => await AgentSimulator.RunAsync(rest),
    ["fleet", .. var rest] => await FleetCommand.RunAsync(rest),
    [var serial and ("serial-gps" or "serial-bin" or "serial-cabinet"), .. var rest] => await Iot.Simulators.Serial.SerialCommands.RunAsync(serial, rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(AgentSimulatorOptions.Usage);
    Console.Error.WriteLine(FleetCommandOptions.Usage);
    Console.Error.WriteLine(Iot.Simulators.Serial.SerialCommands.Usage);
    return 2;
}
