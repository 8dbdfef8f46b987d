Console.WriteLine("FineTuneWorkflows benchmarks: none yet.");
