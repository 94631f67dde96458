global using Xunit;
global using EdgeController.Tests.Shared;
global using EdgeController.Gateway.Tests;
