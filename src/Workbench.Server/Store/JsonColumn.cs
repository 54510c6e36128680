using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workbench.Server.Store;

/// <summary>Stores a small object (a map of names to values) as one JSON text column, compared by its JSON.</summary>
public static class JsonColumn
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class, new() =>
        property.HasConversion(
            value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default),
            json => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Default) ?? new T(),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
                value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!));

    /// <summary>
    /// Stores a read-only map that is set once and never changed in place as one JSON text column, compared by
    /// reference (a change is a new map): tracking it copies nothing, and no save serializes it to compare.
    /// </summary>
    public static PropertyBuilder<IReadOnlyDictionary<string, TValue>> HasReadOnlyJsonConversion<TValue>(this PropertyBuilder<IReadOnlyDictionary<string, TValue>> property) =>
        property.HasConversion(
            value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default),
            json => JsonSerializer.Deserialize<Dictionary<string, TValue>>(json, JsonSerializerOptions.Default) ?? new Dictionary<string, TValue>(),
            new ValueComparer<IReadOnlyDictionary<string, TValue>>(
                (a, b) => ReferenceEquals(a, b),
                value => RuntimeHelpers.GetHashCode(value),
                value => value));
}
