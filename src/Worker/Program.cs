// The hosted worker arrives with its own issue; until then this process only says so.
Console.Error.WriteLine("FineTuneWorkflows.Worker: not built yet (see the worker issue).");
return 1;
