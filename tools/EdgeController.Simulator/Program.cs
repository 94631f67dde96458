using EdgeController.Simulator;

return await SimulatorCommand.Create().Parse(args).InvokeAsync();
