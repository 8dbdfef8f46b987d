return await FineTuneWorkflows.Worker.WorkerProgram.RunAsync(args, Console.Error);
