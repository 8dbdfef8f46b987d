using FineTuneWorkflows.Simulator;

var app = SimulatorApp.Build(args);
await app.RunAsync();

public partial class Program;
