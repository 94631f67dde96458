global using Xunit;
global using EdgeController.Tests.Shared;
