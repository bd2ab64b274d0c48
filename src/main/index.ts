// Placeholder: replaced by the Electron composition root.
export {};
