import { Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";
import { Button } from "./Button";

/** Asks before a consequential action: a modal dialog (focus trapped, Escape cancels) with a title, the consequence in
 * words, and the confirming and cancelling buttons. */
export function ConfirmDialog({ isOpen, title, body, confirmLabel, cancelLabel, danger = false, pending = false, onConfirm, onCancel }: {
  isOpen: boolean; title: string; body: string; confirmLabel: string; cancelLabel: string; danger?: boolean; pending?: boolean;
  onConfirm: () => void; onCancel: () => void;
}) {
  return (
    <ModalOverlay className="dialog-backdrop" isOpen={isOpen} isDismissable onOpenChange={(open) => !open && onCancel()}>
      <Modal className="confirm-modal">
        <Dialog className="confirm-dialog" role="alertdialog">
          <Heading slot="title" className="confirm-title">{title}</Heading>
          <p>{body}</p>
          <div className="confirm-actions">
            <Button variant="secondary" onPress={onCancel}>{cancelLabel}</Button>
            <Button variant={danger ? "danger" : "primary"} onPress={onConfirm} isDisabled={pending}>{confirmLabel}</Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
