using Microsoft.CodeAnalysis;

namespace EdgeController.NanoCompile.Tests;

/// <summary>The errors of one compile (file, line and message each), and the image when there were none.</summary>
public sealed record NanoCompileResult(string[] Errors, MetadataReference? Image, MetadataReference[] References);
