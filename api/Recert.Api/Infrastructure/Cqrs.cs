using MediatR;

namespace Recert.Api.Infrastructure;

/// <summary>A use case that writes: it runs inside one database transaction (see <see cref="Behaviours.TransactionBehaviour{TRequest,TResponse}"/>).</summary>
public interface ICommand<TResponse> : IRequest<TResponse>;

/// <summary>A use case that only reads.</summary>
public interface IQuery<TResponse> : IRequest<TResponse>;
