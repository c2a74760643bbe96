"""HTTP only: each module a blueprint that reads the request, calls a service and renders."""
