import { Button as AriaButton, type ButtonProps } from "react-aria-components";

/** The app's button: primary (one per screen), secondary, or quiet; disabled looks disabled (styles.css). */
export function Button({ variant = "primary", className, ...props }: ButtonProps & { variant?: "primary" | "secondary" | "quiet" | "danger" }) {
  return <AriaButton {...props} className={`button button-${variant} ${className ?? ""}`.trim()} />;
}
