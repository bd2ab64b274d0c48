import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AgentBridge } from '../shared/ipc/contract.ts';
import { electronEventChannel, electronInvokeChannel, isEventChannel, isInvokeChannel } from '../shared/ipc/channels.ts';

// Exactly the contract, nothing else: no ipcRenderer, no Node, no arbitrary channel.
// Argument validation happens in main, where a compromised renderer cannot skip it.
const bridge: AgentBridge = {
  invoke(channel, args) {
    if (!isInvokeChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `Unknown IPC channel: ${String(channel)}` } });
    }
    return ipcRenderer.invoke(electronInvokeChannel(channel), args);
  },
  on(event, listener) {
    if (!isEventChannel(event)) throw new Error(`Unknown IPC event: ${String(event)}`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(electronEventChannel(event), wrapped);
    return () => {
      ipcRenderer.removeListener(electronEventChannel(event), wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('tiledesk', bridge);
