// GraphQL over fetch with the stored bearer token; errors surface with their stable code. Operations are sent as
// persisted-document ids (operations.js, generated from frontend/operations/staff/), never as text.
export class ApiError extends Error {
  constructor(error) { super(error.message); this.code = error.extensions?.code; }
}

export async function gql(documentId, variables = {}, endpoint = "/graphql") {
  const headers = { "Content-Type": "application/json" };
  const token = localStorage.getItem("serviceloop.token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify({ documentId, variables }) });
  const body = await response.json();
  if (body.errors?.length) throw new ApiError(body.errors[0]);
  return body.data;
}

export const newId = () => crypto.randomUUID();
