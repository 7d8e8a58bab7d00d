using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] is "ingest" or "copy")
{
    return await Recert.Benchmarks.IngestBench.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Recert.Benchmarks.MediatorOverhead).Assembly).Run(args);
return 0;
