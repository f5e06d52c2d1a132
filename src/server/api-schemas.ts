// Schemas shared by every API route.
import { Type } from "typebox";

/** The body of every API error. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      request_id: Type.String(),
      fields: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  },
  { $id: undefined },
);

/** A cycle's year as API input: four digits, so a mistyped one is a 422 rather than a database error. */
export const Year = (description = "The cycle's year") =>
  Type.Integer({ minimum: 1990, maximum: 2200, description });
