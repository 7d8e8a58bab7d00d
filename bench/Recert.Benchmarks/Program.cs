using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Recert.Benchmarks.MediatorOverhead).Assembly).Run(args);
