using EdgeController.Bench;

return BenchCommand.Run(args, Console.Out);
