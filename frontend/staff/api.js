// GraphQL over fetch with the stored bearer token; errors surface with their stable code.
export class ApiError extends Error {
  constructor(error) { super(error.message); this.code = error.extensions?.code; }
}

export async function gql(query, variables = {}, endpoint = "/graphql") {
  const headers = { "Content-Type": "application/json" };
  const token = localStorage.getItem("serviceloop.token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors?.length) throw new ApiError(body.errors[0]);
  return body.data;
}

export const newId = () => crypto.randomUUID();
